# Container image of the Keyward operator.
#   docker build -t ghcr.io/keyward/keyward-operator:0.1.0 .
# Stage 1 builds the jar and its runtime dependencies with the Maven wrapper; stage 2 is a JRE
# that runs them as a non-root user, with nothing writable but /tmp (the chart mounts an emptyDir).
# Base images are pinned to an exact release; bump both together.
FROM eclipse-temurin:17.0.20_8-jdk-jammy AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
COPY operator/pom.xml operator/pom.xml
RUN ./mvnw -B -q -pl operator dependency:go-offline
COPY config config
COPY crds crds
COPY operator/src/main operator/src/main
RUN ./mvnw -B -q -pl operator package -DskipTests -Dspotless.skip=true \
 && mkdir -p /out \
 && cp operator/target/keyward-operator-*.jar /out/keyward-operator.jar \
 && cp -r operator/target/lib /out/lib

FROM eclipse-temurin:17.0.20_8-jre-jammy
LABEL org.opencontainers.image.title="keyward-operator" \
      org.opencontainers.image.description="Kubernetes operator that manages API credentials as custom resources"
RUN groupadd --system --gid 65532 keyward \
 && useradd --system --uid 65532 --gid 65532 --home-dir /app --shell /usr/sbin/nologin keyward
WORKDIR /app
COPY --from=build /out/lib /app/lib
COPY --from=build /out/keyward-operator.jar /app/keyward-operator.jar
# Numeric user, so the kubelet can verify runAsNonRoot without reading /etc/passwd.
USER 65532:65532
# The chart's jvmOptions (helm/keyward/values.yaml) replace these; keep the two alike.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=50 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=64m -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dvertx.cacheDirBase=/tmp/vertx-cache" \
    MALLOC_ARENA_MAX=2
EXPOSE 8080 8081 9090
ENTRYPOINT ["java", "-jar", "/app/keyward-operator.jar"]
