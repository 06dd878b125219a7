"""The dashboard's cells, compiled once for every session instead of once per session.

Each marimo session compiles every cell of the notebook again when it starts (parse, scope analysis,
`compile`, twice for its markdown cells): about 0.2 s on a quiet machine and 0.5 s on a busy one, all
before the sign-in form can show. Served in run mode the notebook never changes while the server runs
(see `api.dashboard.parse_notebook_once`), so a cell compiled for one session is the same for the next.
Only what marimo's `CellImpl` declares immutable is shared (code objects, syntax tree, names); each
session gets fresh run-time state (its "Mutable fields") and its own copies of the name sets.
"""

from __future__ import annotations

import copy
import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import marimo._runtime.runtime as marimo_runtime
from marimo._ast.cell import (
    CellImpl, CellOutput, CellStaleState, ImportWorkspace, RunResultStatus, RuntimeState,
)
from marimo._ast.compiler import compile_cell
from marimo._runtime.packages.module_registry import ModuleRegistry

SYNTAX_TREES = threading.RLock()
"""Held while this process parses or compiles notebooks, one thread at a time: CPython 3.11 can raise
"AST constructor recursion depth mismatch" when threads build syntax trees at once (gh-106905), as
kernels starting together did, and a warm-up still parsing while another began."""
MAX_CELLS = 2_000  # the dashboard and its pages have about 200; a bound all the same
CellKey = tuple[str, str, str]  # code, cell id, file name


class CompiledCells:
    """Compiled cells by code, cell id and notebook file; compiling what it has not seen yet."""

    def __init__(self, compile_fresh: Callable[..., CellImpl] = compile_cell) -> None:
        self._compile_fresh = compile_fresh
        self._cells: dict[CellKey, CellImpl] = {}
        self._lock = threading.Lock()  # kernels run in threads of their own

    def __len__(self) -> int:
        return len(self._cells)

    def compile(self, code: str, cell_id: str, *args: Any, **kwargs: Any) -> CellImpl:
        """marimo's `compile_cell`, answered from what was compiled before when the call is the plain one
        a run-mode session makes (a file name, no source position, no imports carried over)."""
        filename = kwargs.get("filename")
        if args or filename is None or kwargs.get("source_position") or kwargs.get("carried_imports") \
                or kwargs.get("test_rewrite"):
            return self._compile_fresh(code, cell_id, *args, **kwargs)
        key = (code, cell_id, filename)
        with self._lock:
            compiled = self._cells.get(key)
        if compiled is None:
            with SYNTAX_TREES:
                compiled = self._compile_fresh(code, cell_id, filename=filename)
            with self._lock:
                if len(self._cells) < MAX_CELLS:
                    self._cells[key] = compiled
        return session_copy(compiled)


def session_copy(cell: CellImpl) -> CellImpl:
    """The cell with run-time state of its own: marimo changes these fields as the session runs."""
    return dataclasses.replace(
        cell,
        defs=set(cell.defs),
        refs=set(cell.refs),
        sql_refs=dict(cell.sql_refs),
        temporaries=set(cell.temporaries),
        variable_data={name: list(data) for name, data in cell.variable_data.items()},
        deleted_refs=set(cell.deleted_refs),
        closed_over_temporaries=set(cell.closed_over_temporaries),
        config=copy.copy(cell.config),
        import_workspace=ImportWorkspace(is_import_block=cell.import_workspace.is_import_block,
                                         imported_defs=set(cell.import_workspace.imported_defs)),
        _status=RuntimeState(),
        _run_result_status=RunResultStatus(),
        _stale=CellStaleState(),
        _output=CellOutput(),
    )


def share_compiled_cells() -> CompiledCells:
    """Make marimo's sessions in this process compile each cell once (marimo is pinned: a new version
    that moves `compile_cell` fails the test that names this)."""
    current = marimo_runtime.compile_cell
    owner = getattr(current, "__self__", None)
    if isinstance(owner, CompiledCells):
        return owner
    cells = CompiledCells(current)
    marimo_runtime.compile_cell = cells.compile
    return cells


class SettledModuleRegistry(ModuleRegistry):
    """marimo's registry of the modules that cells import, walked once per set of cells.

    Before running a cell marimo asks twice which imported modules are missing, and each answer walked
    every name of every cell: for the dashboard's 84 cells, 14,000 cell walks before the sign-in form,
    about 70 ms of a busy machine. A cell's imports come from its code alone, so the walk's answer
    holds until a cell of the graph is added, removed or given new code.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cells_walked: tuple[tuple[str, str], ...] = ()
        self._modules: set[str] = set()

    def modules(self) -> set[str]:
        """Modules imported by cells (a set of the caller's own)."""
        cells = tuple((cell_id, cell.code) for cell_id, cell in self.graph.cells.items())
        if cells != self._cells_walked:
            self._modules = super().modules()
            self._cells_walked = cells
        return set(self._modules)


def settle_module_registries() -> None:
    """Give marimo's kernels in this process the registry above (marimo is pinned: a new version that
    renames what a kernel builds its registry from fails the test that names this)."""
    marimo_runtime.ModuleRegistry = SettledModuleRegistry  # type: ignore[misc]  # the class kernels build
