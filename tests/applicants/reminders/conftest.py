from tests.imago_site.conftest import groups  # noqa: F401  (the staff groups, as migrated)
