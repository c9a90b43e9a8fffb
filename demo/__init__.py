"""The demo data: ``load_seeds`` and the code that reads ``seeds/*.toml`` and draws its files.

May import every domain app; nothing imports it but its own command.
"""
