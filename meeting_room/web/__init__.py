"""HTTP and websockets: the app, middleware, views, assets."""
