"""Content builders: pure functions from ``DossierData`` to lists of flowables."""
