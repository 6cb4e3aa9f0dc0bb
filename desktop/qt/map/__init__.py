"""The offline map: projection, basemap layer, location markers and the map view."""
