"""Channel adapters: thin translations between a messenger and the core."""
