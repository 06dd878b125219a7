"""Puts the dashboard notebooks into the wheel: everything else is configured in pyproject.toml.

The dashboard lives at notebooks/dashboard.py in the repository (run it with `marimo run` or as a
script), with its pages beside it (notebooks/dashboard_*.py), outside the api package, so package data
cannot name them. The server needs them, so the build copies them into the package as
api/notebooks/, where api.dashboard looks first. An editable install needs no copy: it finds the
notebooks in the checkout.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path("notebooks")
DASHBOARD_NOTEBOOKS = ("dashboard.py", "dashboard_*.py")
PACKAGED_NOTEBOOKS = Path("api", "notebooks")


class BuildWithDashboardNotebook(build_py):
    """build_py that also copies the dashboard's notebooks into the api package."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            target = Path(self.build_lib) / PACKAGED_NOTEBOOKS
            self.mkpath(str(target))
            for pattern in DASHBOARD_NOTEBOOKS:
                for notebook in sorted(NOTEBOOKS.glob(pattern)):
                    self.copy_file(str(notebook), str(target / notebook.name))


setup(cmdclass={"build_py": BuildWithDashboardNotebook})
