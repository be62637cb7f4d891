"""dihub: an open platform for networks of Digital Innovation Hubs."""

__version__ = "0.1.0"
