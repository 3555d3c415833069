"""HTTP and WebSocket routes, one module per resource; thin: they validate and delegate."""
