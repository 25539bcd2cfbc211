package io.dockyard.security.internal;

import io.dockyard.security.ApiTokens;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The filter chain: stateless bearer-token authentication for {@code /api/**} (API tokens, and OIDC
 * JWTs when {@code dockyard.security.oidc.enabled}), admin-only token management and actuator
 * internals, public health, metrics scrape and contract; CORS only for the configured portal origins; security
 * headers on every answer. Authentication failures are handed to the MVC exception resolver, so they come out of the
 * same ProblemDetail handler as every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokens tokens, SecurityProperties properties, Clock clock,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) throws Exception {
        // Reached only without credentials: the bearer filter answers a wrong token itself.
        AuthenticationEntryPoint entryPoint = (request, response, ex) -> resolver.resolveException(
                request, response, null, new InsufficientAuthenticationException(
                        "This endpoint needs 'Authorization: Bearer <token>'."));
        // Without OIDC there is no JWT path at all: a JWT is then an unknown token like any other.
        JwtAuthenticator jwts = properties.oidc().enabled() ? new JwtAuthenticator(properties.oidc(), clock) : null;
        AccessDeniedHandler denied = (request, response, ex) -> resolver.resolveException(request, response, null, ex);
        if (properties.cors().allowedOrigins().isEmpty()) {
            http.cors(AbstractHttpConfigurer::disable);
        } else {
            http.cors(c -> c.configurationSource(corsSource(properties.cors())));
        }
        // Every answer is JSON, YAML or PEM for programs: nothing may be framed, sniffed, scripted or referred.
        http.headers(h -> h
                .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31_536_000)));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerTokenFilter(tokens, jwts, resolver), AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied))
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/openapi.yaml", "/error", "/api/v1/pki/ca.pem", "/api/v1/pki/crl").permitAll()
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**").hasRole("ADMIN")
                        .requestMatchers("/api/**").authenticated()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.OPTIONS, "/**").permitAll()
                        .anyRequest().permitAll());
        return http.build();
    }

    /** The portal's origins, the methods and headers the API uses, and the response headers a page may read. */
    private static CorsConfigurationSource corsSource(SecurityProperties.Cors cors) {
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOrigins(cors.allowedOrigins());
        config.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-Match", "Idempotency-Key", "X-Request-Id"));
        config.setExposedHeaders(List.of("ETag", "Location", "Retry-After", "X-Request-Id"));
        // Bearer tokens, not cookies: a page never needs the browser to attach credentials by itself.
        config.setAllowCredentials(false);
        config.setMaxAge(cors.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", config);
        return source;
    }
}
