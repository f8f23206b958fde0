"""The API's routers: thin wrappers that validate parameters and call the service layer."""
