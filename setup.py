"""Puts the dashboard notebook into the wheel: everything else is configured in pyproject.toml.

The notebook lives at notebooks/dashboard.py in the repository (run it with `marimo run` or as a
script), outside the api package, so package data cannot name it. The server needs it, so the build
copies it into the package as api/notebooks/dashboard.py, where api.dashboard looks first. An editable
install needs no copy: it finds the notebook in the checkout.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

DASHBOARD_NOTEBOOK = Path("notebooks", "dashboard.py")
PACKAGED_NOTEBOOK = Path("api", "notebooks", "dashboard.py")


class BuildWithDashboardNotebook(build_py):
    """build_py that also copies the dashboard notebook into the api package."""

    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            target = Path(self.build_lib) / PACKAGED_NOTEBOOK
            self.mkpath(str(target.parent))
            self.copy_file(str(DASHBOARD_NOTEBOOK), str(target))


setup(cmdclass={"build_py": BuildWithDashboardNotebook})
