"""The shared fixtures (tree, roles, member) live in tests/conftest.py."""
