"""Statements and rows: SQLAlchemy Core statements compiled once per dialect, their parameters
and results converted as SQLAlchemy would, and `Connection`, what `db.py` hands out."""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ClauseElement

from meeting_room.store.models import ROW_TYPES


class Compiled:
    """One statement for one dialect: its SQL, the order of its parameters and the conversions."""
    __slots__ = ("sql", "names", "defaults", "to_driver", "row", "from_driver")

    def __init__(self, statement: ClauseElement, dialect: Dialect, keys: tuple[str, ...] | None):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup or ())
        self.defaults = {name: bind.value for name, bind in compiled.binds.items() if not bind.required}
        self.to_driver = {name: processor for name in set(self.names)
                          if (processor := compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect))}
        columns = list(getattr(statement, "exported_columns", ()))
        self.row = _row_type(columns) if columns else None
        self.from_driver = [c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns]

    def parameters(self, given: dict[str, Any]) -> tuple:
        values = []
        for name in self.names:
            value = given[name] if name in given else self.defaults[name]
            convert = self.to_driver.get(name)
            values.append(convert(value) if convert else value)
        return tuple(values)

    def rows(self, raw: list) -> list:
        if self.row is None:
            return list(raw)
        convert = self.from_driver
        return [self.row._make([f(v) if f else v for f, v in zip(convert, r)]) for r in raw]


def _row_type(columns: list) -> type:
    for table, row_type in ROW_TYPES.items():
        if len(columns) == len(table.columns) and all(a is b for a, b in zip(columns, table.columns)):
            return row_type
    return namedtuple("Row", [c.key or f"column{i}" for i, c in enumerate(columns)], rename=True)


class Result:
    """What a statement gave back: rows, in order."""
    __slots__ = ("_rows",)

    def __init__(self, rows: list):
        self._rows = rows

    def all(self) -> list:
        return self._rows

    def __iter__(self):
        return iter(self._rows)

    def first(self):
        return self._rows[0] if self._rows else None

    def scalar(self):
        """The first column of the first row, or None."""
        return self._rows[0][0] if self._rows else None

    def scalar_one(self):
        if len(self._rows) != 1:
            raise ValueError(f"expected one row, got {len(self._rows)}")
        return self._rows[0][0]


class Statements:
    """Compiled statements, built on first use and kept: the module-level statements of the
    domain by identity, and the simple ones `Connection` builds (get, set, insert) by shape."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._compiled: dict[tuple, tuple[ClauseElement, Compiled]] = {}
        self._shapes: dict[tuple, ClauseElement] = {}

    def __call__(self, statement: ClauseElement, params: dict[str, Any]) -> Compiled:
        keys = tuple(sorted(params)) if getattr(statement, "is_insert", False) else None  # an INSERT's SQL depends on them
        slot = (id(statement), keys)
        found = self._compiled.get(slot)
        if found is None or found[0] is not statement:
            if len(self._compiled) > 500:  # statements built per call would be a mistake; stay bounded
                self._compiled.clear()
            found = self._compiled[slot] = (statement, Compiled(statement, self.dialect, keys))
        return found[1]

    def shaped(self, what: str, table, columns: tuple[str, ...] = ()) -> ClauseElement:
        """SELECT by primary key, UPDATE of `columns` by primary key, or INSERT: one per shape."""
        slot = (what, table, columns)
        statement = self._shapes.get(slot)
        if statement is None:
            key = list(table.primary_key.columns)[0]
            by_key = key == bindparam("key_", type_=key.type)
            if what == "get":
                statement = select(table).where(by_key)
            elif what == "set":
                statement = update(table).where(by_key).values(
                    {c: bindparam(f"v_{c}", type_=table.c[c].type) for c in columns})
            else:
                statement = insert(table)
            self._shapes[slot] = statement
        return statement


def with_defaults(table, values: dict[str, Any]) -> dict[str, Any]:
    """`values` with every missing column's Python-side default (a new id, the time now)."""
    full = dict(values)
    for column in table.columns:
        if column.key in full or column.default is None:
            continue
        default = column.default
        full[column.key] = default.arg(None) if default.is_callable else default.arg
    return full


class Connection:
    """One connection, inside `read()`, `snapshot()` or `write()`."""
    __slots__ = ("_run", "_statements")

    def __init__(self, run, statements: Statements):
        self._run, self._statements = run, statements

    @property
    def dialect_name(self) -> str:
        """"sqlite" or "postgresql": for the few statements that each can do in fewer trips."""
        return self._statements.dialect.name

    async def execute(self, statement: ClauseElement, params: dict[str, Any] | None = None) -> Result:
        params = params or {}
        compiled = self._statements(statement, params)
        return Result(compiled.rows(await self._run(compiled.sql, compiled.parameters(params))))

    async def get(self, table, key: Any):
        """The row with this primary key, or None."""
        return (await self.execute(self._statements.shaped("get", table), {"key_": key})).first()

    async def set(self, table, key: Any, **values: Any) -> None:
        """Change these columns of the row with this primary key."""
        statement = self._statements.shaped("set", table, tuple(sorted(values)))
        await self.execute(statement, {"key_": key, **{f"v_{k}": v for k, v in values.items()}})

    async def insert(self, table, **values: Any):
        """Insert one row (missing columns get their defaults) and return it as the table's row."""
        full = with_defaults(table, values)
        await self.execute(self._statements.shaped("insert", table), full)
        return ROW_TYPES[table](**{c.key: full.get(c.key) for c in table.columns})


