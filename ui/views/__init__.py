"""One module per page: each turns a request into the context its template renders."""
