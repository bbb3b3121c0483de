# SnapshotBuilder on a chiseled .NET runtime image (no shell, no package manager), as the non-root $APP_UID.
# "-extra": the builder normalizes text to Unicode NFC, which needs ICU (SnapshotBuilder.csproj).
# Build:  docker build -f Dockerfile.builder -t layers/snapshot-builder .
# Run:    docker run -e LAYERS_S3_ENDPOINT=… -e AWS_ACCESS_KEY_ID=… -e AWS_SECRET_ACCESS_KEY=… layers/snapshot-builder \
#           run --every 12h --source <uri> --store s3://bucket/prefix --media-base-url <url>
# Other commands the same way: … layers/snapshot-builder keys list --store s3://bucket/prefix
# The default command is `run --every 12h`; the dotnet host is PID 1 and the builder handles SIGTERM itself
# (a build in flight is cancelled, the process exits 0). tests/EdgeCatalog.Tests/DeploymentFilesTests.cs runs
# the publish step below and the published builder's default command.
FROM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/SnapshotBuilder/SnapshotBuilder.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/runtime:10.0-noble-chiseled-extra
WORKDIR /app
COPY --from=build /app /app
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/SnapshotBuilder.dll"]
CMD ["run", "--every", "12h"]
