"""A server error shows a plain page: never a stack trace or SQL, and the log names only the
error's type (a database error's text can quote what people wrote)."""

from __future__ import annotations


async def test_server_errors_show_a_plain_page_and_log_no_details(app, meeting, monkeypatch, caplog):
    _, mum, meeting_id, _ = meeting

    async def broken(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM somewhere")
    monkeypatch.setattr(app.state.mr.items, "add", broken)
    transport_client = mum.client
    transport_client._transport.raise_app_exceptions = False
    r = await mum.post(f"/meetings/{meeting_id}/items", {"column": "worries", "text": "x"}, htmx=False)
    assert r.status_code == 500
    assert "SELECT" not in r.text and "Traceback" not in r.text and "Something went wrong" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert "RuntimeError" in caplog.text and "SELECT secret" not in caplog.text

