"""Demo data: a deterministic two-year history for demo@example.com, to try the product with."""

from api.demo.generator import generate_demo_data
from api.demo.loader import DEMO_EMAIL, DemoCredentials, delete_demo_user, demo_user_exists, load_demo_data

__all__ = [
    "DEMO_EMAIL",
    "DemoCredentials",
    "delete_demo_user",
    "demo_user_exists",
    "generate_demo_data",
    "load_demo_data",
]
