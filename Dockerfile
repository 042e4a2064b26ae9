# The sendreflect app as a container: the built wheel and nothing else of the source tree.
# voila.json travels inside the wheel (sendreflect/_data/voila.json), where `serve` reads it.
# Build: docker compose build (compose.yaml), or docker build -t sendreflect .

FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
COPY pyproject.toml README.md voila.json ./
COPY sendreflect sendreflect
COPY data/frameworks data/frameworks
COPY notebooks notebooks
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /dist .

FROM python:3.11-slim-bookworm
COPY --from=wheel /dist/ /tmp/dist/
RUN pip install --no-cache-dir "$(ls /tmp/dist/sendreflect-*.whl)[postgres]" \
    && rm -rf /tmp/dist \
    && useradd --create-home --uid 10001 --user-group sendreflect
USER sendreflect
WORKDIR /home/sendreflect
ENV PYTHONUNBUFFERED=1
EXPOSE 8866
# Every address, so the proxy reaches it; a token is then required (SENDREFLECT_TOKEN, shared
# by every replica). SENDREFLECT_DB, SENDREFLECT_PUBLIC_URL and the workshop come from compose.
ENTRYPOINT ["sendreflect"]
CMD ["serve", "--no-browser", "--host", "0.0.0.0", "--port", "8866"]
