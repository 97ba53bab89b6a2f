"""Wagtail's database search, for Vietnamese typed with or without marks.

"phong chong mua ban nguoi" finds "Phòng, chống mua bán người", "đ" meets "d", a query in
decomposed Unicode (NFD) meets the same text in NFC, and the pages that carry the marks the
reader typed rank first. Every search of pages goes through here: the site search, the
library, the admin's page search and choosers.

- SQLite (``make run``): FTS5's tokenizer keeps stacked marks ("ộ") and "đ", so the index
  holds each text twice, as written (lowercase, NFC) and folded by ``search_name_for``;
  queries are folded the same way and match the folded half.
- PostgreSQL: the text search configuration ``SEARCH_CONFIG`` (``vietnamese_unaccent``,
  created by ``common/migrations/0001_vietnamese_unaccent.py``) runs ``unaccent`` before
  lowercasing, for the index and for queries alike; queries are sent in NFC.

On both, a page whose text has every marked word of the query, spelled exactly, gets a bonus
far above any relevance score, so "lao động" lists "lao động" before "lão đông".

Settings: ``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "common.search_backend",
"SEARCH_CONFIG": "vietnamese_unaccent"}}``.
"""

import copy
from functools import cache, reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Case, F, FloatField, Func, Q, TextField, Value, When
from django.db.models.functions import Lower
from django.db.models.lookups import Contains
from modelsearch.backends.base import EmptySearchResults
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from common.text import marked_words, nfc, search_name_for

# Far above any BM25 or ts_rank score: exact spellings come first, relevance orders within.
EXACT_BONUS = 1000.0


def rewrite_query(query, spell):
    """``query`` (a string or a modelsearch query tree) with each of its strings spelled by
    ``spell``; the tree's shape and operators are kept."""
    if isinstance(query, str):
        return spell(query)
    if isinstance(query, (PlainText, Fuzzy, Phrase)):
        rewritten = copy.copy(query)
        rewritten.query_string = spell(query.query_string)
        return rewritten
    if isinstance(query, (And, Or)):
        return type(query)([rewrite_query(sub, spell) for sub in query.subqueries])
    if isinstance(query, Not):
        return Not(rewrite_query(query.subquery, spell))
    if isinstance(query, Boost):
        return Boost(rewrite_query(query.subquery, spell), query.boost)
    return query


def query_marked_words(query) -> list[str]:
    """The marked words the reader typed (outside any NOT), lowercase NFC."""
    if isinstance(query, str):
        return marked_words(query)
    if isinstance(query, (PlainText, Fuzzy, Phrase)):
        return marked_words(query.query_string)
    if isinstance(query, (And, Or)):
        return [word for sub in query.subqueries for word in query_marked_words(sub)]
    if isinstance(query, Boost):
        return query_marked_words(query.subquery)
    return []


def _is_empty(query) -> bool:
    return isinstance(query, str) and not search_name_for(query)


class ExactSpellingMixin:
    """Query compilers: remember the marked words, send the query as the backend needs it."""

    def __init__(self, queryset, query, *args, **kwargs):
        self.exact_words = query_marked_words(query)
        super().__init__(queryset, rewrite_query(query, self.spell), *args, **kwargs)

    def exact_condition(self) -> Q | None:
        if not self.exact_words:
            return None
        return reduce(and_, (self.has_word(word) for word in dict.fromkeys(self.exact_words)))


class FoldingBackendMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if _is_empty(query):
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


# --- SQLite -----------------------------------------------------------------------------------


def indexed_text(text: str) -> str:
    """What the SQLite index holds for ``text``: as written (lowercase, NFC), then folded."""
    if not text:
        return text
    written = nfc(text).lower()
    folded = search_name_for(text)
    return written if folded == written else f"{written}\n{folded}"


@cache
def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite

    class FoldedObjectIndexer(sqlite.ObjectIndexer):
        def prepare_value(self, value):
            return indexed_text(super().prepare_value(value))

    class FoldedSQLiteIndex(sqlite.SQLiteIndex):
        def add_items(self, model, objs):
            # modelsearch's own add_items, with the folding indexer.
            if not model.get_search_fields():
                return
            indexers = [FoldedObjectIndexer(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = sqlite.get_content_type_pk(model)
            data = {
                indexer.id: (indexer.title, indexer.autocomplete, indexer.body)
                for indexer in indexers
            }
            entries = self.entries.filter(content_type_id=content_type_pk)
            indexed = set(
                entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True)
            )
            for object_id in indexed:
                title, autocomplete, body = data[object_id]
                entries.filter(object_id=object_id).update(
                    title=title, autocomplete=autocomplete, body=body
                )
            self.entries.bulk_create(
                sqlite.IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in indexed
            )
            self._refresh_title_norms()

    class SQLiteSpelling(ExactSpellingMixin):
        @staticmethod
        def spell(text):
            return search_name_for(text)

        def has_word(self, word):
            columns = ["autocomplete"] if self.LAST_TERM_IS_PREFIX else ["title", "body"]
            return reduce(or_, (Q(**{f"index_entry__{c}__contains": word}) for c in columns))

        def _build_rank_expression(self, vectors, config):
            # BM25 in SQLite is negative, best lowest: the bonus is taken off.
            rank = super()._build_rank_expression(vectors, config)
            if (condition := self.exact_condition()) is None:
                return rank
            bonus = Case(When(condition, then=Value(EXACT_BONUS)), default=Value(0.0))
            return rank - bonus

    class SearchCompiler(SQLiteSpelling, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteCompiler(SQLiteSpelling, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class FoldedSQLiteSearchBackend(FoldingBackendMixin, sqlite.SQLiteSearchBackend):
        index_class = FoldedSQLiteIndex
        query_compiler_class = SearchCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler

    return FoldedSQLiteSearchBackend


# --- PostgreSQL -------------------------------------------------------------------------------


class NormalizeNFC(Func):
    """PostgreSQL's ``normalize(text, NFC)``."""

    template = "normalize(%(expressions)s, NFC)"
    output_field = TextField()


@cache
def _postgres_backend():
    from modelsearch.backends.database.postgres import postgres

    def written(column):
        return NormalizeNFC(Lower(F(column)))

    class PostgresSpelling(ExactSpellingMixin):
        @staticmethod
        def spell(text):
            return nfc(text)

        def has_word(self, word):
            # The plain-text mirrors of the index, as written; unaccent never touches them.
            return Q(Contains(written("index_entries__title_text"), word)) | Q(
                Contains(written("index_entries__body_text"), word)
            )

        def _build_rank_expression(self, vectors, config):
            rank = super()._build_rank_expression(vectors, config)
            if (condition := self.exact_condition()) is None:
                return rank
            bonus = Case(
                When(condition, then=Value(EXACT_BONUS)),
                default=Value(0.0),
                output_field=FloatField(),
            )
            return rank + bonus

    class SearchCompiler(PostgresSpelling, postgres.PostgresSearchQueryCompiler):
        pass

    class AutocompleteCompiler(PostgresSpelling, postgres.PostgresAutocompleteQueryCompiler):
        pass

    class UnaccentPostgresSearchBackend(FoldingBackendMixin, postgres.PostgresSearchBackend):
        query_compiler_class = SearchCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler

        def __init__(self, params):
            super().__init__(params)
            if self.config:
                # Autocomplete (the admin's page search) folds too, not only full words.
                self.autocomplete_config = self.config

    return UnaccentPostgresSearchBackend


def SearchBackend(params):
    """The backend for the default database, as modelsearch's ``database`` backend picks."""
    if connection.vendor == "postgresql":
        return _postgres_backend()(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends import database

        chosen = database.SearchBackend(params)  # finds out, once, whether FTS5 is there
        return _sqlite_backend()(params) if database.USE_SQLITE_FTS else chosen
    from modelsearch.backends.database import SearchBackend as default

    return default(params)
