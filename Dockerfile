# Dockyard from the jar built on the host:
#   ./mvnw -B -DskipTests package && docker build -t dockyard .
# (docker-compose.yml builds it too.) The build context is only the jar: see .dockerignore.
FROM eclipse-temurin:25-jre

# The JRE image has neither curl nor wget; the compose health check uses bash's /dev/tcp instead.
RUN groupadd --system --gid 10001 dockyard \
 && useradd --system --uid 10001 --gid dockyard --home-dir /app --no-create-home --shell /usr/sbin/nologin dockyard

WORKDIR /app
ARG JAR_FILE=target/dockyard-*.jar
# Owned by root: the service can read its jar but not change it.
COPY --chown=root:root ${JAR_FILE} app.jar

# Production profile by default: settings come from the environment (see docker-compose.yml);
# a start without them stops with one message naming each missing setting.
ENV SPRING_PROFILES_ACTIVE=azure \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"

USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "app.jar"]
