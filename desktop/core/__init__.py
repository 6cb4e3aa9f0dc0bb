"""The Fragment domain. Nothing below this package imports Qt."""
