"""Schemathesis hooks for scripts/api-test.

`not_a_server_error` fails on every 5xx; the sidecar documents two on purpose (503: blocked
after a 418, circuit open, shutting down, a cap reached; 504: no slot before the deadline).
This check fails on any other 5xx, and on a documented one whose body is not
`{"error": "..."}` naming the reason.
"""
import schemathesis


@schemathesis.check
def no_undocumented_server_error(ctx, response, case):
    status = response.status_code
    if status < 500:
        return None
    if status not in (503, 504):
        raise AssertionError(f"server error {status}: {response.text[:200]}")
    body = response.json()
    if not isinstance(body, dict) or not body.get("error"):
        raise AssertionError(f"{status} without an error message: {response.text[:200]}")
    return None
