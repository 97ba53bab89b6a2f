"""A CharField whose prefix lookups stay on an index on SQLite as well as PostgreSQL."""

from django.db import models
from django.db.models import lookups

# Greater than any character a prefix can be followed by, in SQLite's byte-wise order.
_AFTER_ANY_TEXT = "\U0010ffff"


class PrefixIndexedCharField(models.CharField):
    """A CharField whose ``startswith`` lookup can be answered from a b-tree index.

    PostgreSQL answers ``col LIKE 'VN/08/%'`` from the ``varchar_pattern_ops`` index
    Django adds next to every indexed CharField. SQLite cannot use an index for LIKE
    (its LIKE ignores case), so there the lookup becomes the equivalent range
    ``col >= 'VN/08/' AND col < 'VN/08/' || U+10FFFF``, which its index serves.
    On both backends the lookup is case-sensitive.
    """


@PrefixIndexedCharField.register_lookup
class IndexedStartsWith(lookups.StartsWith):
    def as_sqlite(self, compiler, connection):
        if not self.is_simple_lookup:
            return self.as_sql(compiler, connection)
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        prefix = str(self.rhs)
        sql = f"({lhs_sql} >= %s AND {lhs_sql} < %s)"
        return sql, (*lhs_params, prefix, *lhs_params, prefix + _AFTER_ANY_TEXT)
