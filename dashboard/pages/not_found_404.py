import dash
import dash_bootstrap_components as dbc
from dash import html

from dashboard import runtime
from dashboard.i18n import t
from dashboard.components import page_title



def layout(**_):
    lang = runtime.lang()
    return dbc.Alert([html.P(t("page.not_found", lang)), html.A(t("page.back_home", lang), href="/")], color="warning")


dash.register_page(__name__, path="/404", name="not_found_404", title=page_title("page.not_found_title"), layout=layout)
