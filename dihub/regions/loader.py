def sync_after_migrate(**kwargs):
    """Filled in by the taxonomy loader: keeps the vocabularies in the database current."""
