"""Fragment: annotate photographs of munition debris and export verifiable dossiers."""

__version__ = "0.1.0"
