# The API and UI image used by docker-compose.yml; OpenSearch and Tika run in their own containers.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY pops pops
COPY stack stack
COPY synonyms synonyms
COPY analyzers analyzers
COPY indexer indexer
COPY search_api search_api
COPY ui ui
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["pops", "serve"]
