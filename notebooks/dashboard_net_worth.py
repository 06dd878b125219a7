import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker · Net worth")

with app.setup:
    # The dashboard's "Net worth" page.
    # Net worth over time per currency, accounts stacked, and current balances.
    # notebooks/dashboard.py embeds it and passes the inputs (analytics.pages.PageInputs); run on
    # its own, it signs in from FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.
    import marimo as mo

    from analytics import pages


@app.cell
def _():
    # Replaced by the dashboard's values when embedded: this cell runs only when the page runs alone.
    client, accounts, categories, revision, set_revision, set_setup_revision = pages.standalone_inputs()
    return accounts, categories, client, revision, set_revision, set_setup_revision


@app.cell
def _(client, revision):
    mo.md("## Net worth\n_This page is being built._")
    return


if __name__ == "__main__":
    app.run()
