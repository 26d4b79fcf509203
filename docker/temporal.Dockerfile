# The Temporal server v1.32.2 and its SQL schema tool, built from the Go module exactly as
# scripts/temporal-cluster-build.sh builds them on a machine without Docker (the module wants go >= 1.26.10).
FROM golang:1.26-bookworm AS build
ENV GOTOOLCHAIN=go1.27.3 GOFLAGS=-mod=mod CGO_ENABLED=0
RUN go install go.temporal.io/server/cmd/server@v1.32.2 \
 && go install go.temporal.io/server/cmd/tools/sql@v1.32.2

FROM debian:bookworm-slim
COPY --from=build /go/bin/server /usr/local/bin/temporal-server
COPY --from=build /go/bin/sql /usr/local/bin/temporal-sql-tool
COPY docker/temporal.yaml docker/dynamicconfig.yaml /etc/temporal/
COPY docker/temporal-schema.sh /usr/local/bin/temporal-schema
USER nobody
ENTRYPOINT ["temporal-server", "--config-file", "/etc/temporal/temporal.yaml", "--allow-no-auth", "start"]
