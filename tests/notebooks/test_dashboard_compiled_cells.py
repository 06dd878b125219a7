"""The dashboard's cells are compiled once for every session: each session still gets state of its own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import marimo._runtime.runtime as marimo_runtime
import pytest
from marimo._ast.compiler import compile_cell
from marimo._ast.load import load_app
from marimo._runtime.dataflow import DirectedGraph
from marimo._runtime.packages.module_registry import ModuleRegistry

from api.dashboard_compiled_cells import (
    SYNTAX_TREES, CompiledCells, SettledModuleRegistry, settle_module_registries, share_compiled_cells,
)

NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "dashboard.py"


@pytest.fixture()
def cells() -> CompiledCells:
    return CompiledCells()


@pytest.fixture()
def notebook_cells() -> list[tuple[str, str]]:
    """(code, cell id) of every cell of the dashboard notebook."""
    app = load_app(str(NOTEBOOK))
    assert app is not None
    return [(cell.code, cell.cell_id) for cell in app._cell_manager.cell_data()]


@pytest.fixture()
def restore_marimo() -> Iterator[None]:
    original = marimo_runtime.compile_cell, marimo_runtime.ModuleRegistry
    yield
    marimo_runtime.compile_cell, marimo_runtime.ModuleRegistry = original


def test_a_second_session_gets_the_same_code_with_state_of_its_own(
    cells: CompiledCells, notebook_cells: list[tuple[str, str]]
) -> None:
    for code, cell_id in notebook_cells:
        first = cells.compile(code, cell_id, filename=str(NOTEBOOK), carried_imports=[])
        second = cells.compile(code, cell_id, filename=str(NOTEBOOK), carried_imports=[])
        fresh = compile_cell(code, cell_id=cell_id, filename=str(NOTEBOOK))
        assert second is not first
        assert second.body is first.body and second.last_expr is first.last_expr  # compiled once
        assert (second.defs, second.refs, second.temporaries, second.markdown, second.key) == (
            fresh.defs, fresh.refs, fresh.temporaries, fresh.markdown, fresh.key
        )
        assert second.import_workspace.is_import_block == fresh.import_workspace.is_import_block
        for shared in ("defs", "refs", "temporaries", "variable_data", "config", "import_workspace",
                       "_status", "_run_result_status", "_stale", "_output"):
            assert getattr(second, shared) is not getattr(first, shared), shared
    assert len(cells) == len(notebook_cells)

    code, cell_id = notebook_cells[0]
    first = cells.compile(code, cell_id, filename=str(NOTEBOOK))
    first.set_runtime_state("running")
    first.defs.add("changed_by_one_session")
    second = cells.compile(code, cell_id, filename=str(NOTEBOOK))
    assert second.runtime_state is None
    assert "changed_by_one_session" not in second.defs


def test_calls_other_than_a_sessions_plain_one_are_compiled_afresh(cells: CompiledCells) -> None:
    without_file = cells.compile("x = 1", "a")
    assert cells.compile("x = 1", "a") is not without_file
    cells.compile("y = 2", "b", filename=str(NOTEBOOK), test_rewrite=True)
    assert len(cells) == 0
    edited = cells.compile("x = 1", "a", filename=str(NOTEBOOK))
    assert cells.compile("x = 2", "a", filename=str(NOTEBOOK)).body is not edited.body  # keyed by code
    assert len(cells) == 2


def test_marimo_sessions_compile_through_the_shared_cells(restore_marimo: None) -> None:
    shared = share_compiled_cells()
    assert marimo_runtime.compile_cell == shared.compile
    assert share_compiled_cells() is shared  # installing it twice keeps one


def test_a_compile_waits_while_another_thread_parses_a_notebook(cells: CompiledCells) -> None:
    compiled = threading.Event()

    def compile_in_a_kernel() -> None:
        cells.compile("x = 1", "a", filename=str(NOTEBOOK))
        compiled.set()

    with SYNTAX_TREES:  # as the warm-up holds it while marimo parses the notebook
        kernel = threading.Thread(target=compile_in_a_kernel)
        kernel.start()
        assert not compiled.wait(0.5)  # CPython 3.11 breaks when two threads build syntax trees at once
    kernel.join(timeout=30)
    assert compiled.is_set()


def test_the_settled_registry_answers_as_marimos_until_a_cell_changes(
    notebook_cells: list[tuple[str, str]]
) -> None:
    graph = DirectedGraph()
    for code, cell_id in notebook_cells:
        graph.register_cell(cell_id, compile_cell(code, cell_id=cell_id, filename=str(NOTEBOOK)))
    settled, plain = SettledModuleRegistry(graph), ModuleRegistry(graph)
    assert settled.modules() == plain.modules() and {"marimo", "analytics"} <= settled.modules()
    settled.modules().add("changed_by_the_caller")
    assert settled.missing_modules() == plain.missing_modules() == set()

    graph.register_cell("new", compile_cell("import not_installed_anywhere", cell_id="new"))
    assert "not_installed_anywhere" in settled.modules() and settled.modules() == plain.modules()
    assert settled.missing_modules() == {"not_installed_anywhere"}
    graph.delete_cell("new")
    graph.register_cell("new", compile_cell("import json", cell_id="new"))  # same cell, new code
    assert settled.modules() == plain.modules() and "not_installed_anywhere" not in settled.modules()


def test_marimo_kernels_build_the_settled_registry(restore_marimo: None) -> None:
    settle_module_registries()
    assert marimo_runtime.ModuleRegistry is SettledModuleRegistry
