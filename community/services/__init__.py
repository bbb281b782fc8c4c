"""community's writes, one module per part."""
