"""HTTP and websockets: the app, middleware, views, assets."""

import warnings

import authlib.deprecate  # noqa: F401  (it turns its own warnings on when imported: then ours comes first)

# Authlib (single sign-on) warns at import that its httpx client will move to a package called
# httpx2 one day; its httpx client works (tests/app/test_single_sign_on.py). Keep that line out of
# the server's output, which starts with the address to open.
warnings.filterwarnings("ignore", message="The httpx module is deprecated")
