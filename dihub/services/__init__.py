"""Services of hubs, companies' needs, matching and requests."""
