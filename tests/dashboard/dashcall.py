"""Call a Dash callback through /_dash-update-component, as the browser does (login and role checks,
request context, JSON encoding included)."""

from __future__ import annotations

import dash._callback


def callbacks() -> dict:
    from dashboard import app

    return {**dash._callback.GLOBAL_CALLBACK_MAP, **(app._app.callback_map if app._app else {})}


def callback_key(part: str) -> str:
    """The output key of the one callback whose outputs include `part` (e.g. "site-period.children")."""
    keys = [k for k in callbacks() if part in k]
    assert len(keys) == 1, keys
    return keys[0]


def post(client, part: str, values: dict, changed: list[str]):
    """POST the callback whose outputs include `part` with inputs and states from `values`
    ("id.property" -> value; missing ones are None), `changed`: the inputs that triggered it."""
    key = callback_key(part)
    spec = callbacks()[key]
    outputs = []
    for item in key.strip(".").split("..."):
        cid, prop = item.rsplit(".", 1)
        outputs.append({"id": cid, "property": prop})

    def items(deps):
        return [{"id": d["id"], "property": d["property"], "value": values.get(f"{d['id']}.{d['property']}")}
                for d in deps]

    body = {"output": key, "outputs": outputs if len(outputs) > 1 else outputs[0],
            "inputs": items(spec["inputs"]), "state": items(spec["state"]), "changedPropIds": changed}
    return client.post("/_dash-update-component", json=body)
