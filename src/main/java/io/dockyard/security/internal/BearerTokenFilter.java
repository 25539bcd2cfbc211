package io.dockyard.security.internal;

import io.dockyard.security.ApiTokens;
import io.dockyard.security.CallerPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Reads {@code Authorization: Bearer <token>} and, when the token is valid, makes its
 * {@link CallerPrincipal} the authenticated principal. A request carries one credential: an API
 * token ({@code dy_...}) or, when OIDC is enabled, a JWT (three base64url parts). A header that is
 * present but wrong is answered with 401 at once rather than treated as anonymous, so a typo is never
 * mistaken for "no token".
 */
class BearerTokenFilter extends OncePerRequestFilter {

    // The signature part may be empty so that an unsigned ("alg": "none") token is refused as a JWT.
    private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final int MAX_JWT_LENGTH = 16 * 1024;

    private final ApiTokens tokens;
    private final JwtAuthenticator jwts;
    private final HandlerExceptionResolver resolver;

    /** {@code jwts} is null when OIDC sign-in is off; JWTs are then unknown tokens like any other. */
    BearerTokenFilter(ApiTokens tokens, JwtAuthenticator jwts, HandlerExceptionResolver resolver) {
        this.tokens = tokens;
        this.jwts = jwts;
        this.resolver = resolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/api/") || path.startsWith("/actuator"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        CallerPrincipal caller;
        try {
            caller = authenticate(header);
        } catch (BearerTokenProblem problem) {
            // The problem names what is wrong in general terms; neither it nor any log line holds the token.
            resolver.resolveException(request, response, null, problem);
            return;
        }
        var authentication = UsernamePasswordAuthenticationToken.authenticated(caller, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + caller.role().name())));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private CallerPrincipal authenticate(String header) {
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw BearerTokenProblem.notBearer();
        }
        String token = header.substring(7).trim();
        if (jwts != null && !token.startsWith(DefaultApiTokens.PREFIX) && token.length() <= MAX_JWT_LENGTH
                && JWT_SHAPE.matcher(token).matches()) {
            return jwts.authenticate(token);
        }
        return tokens.authenticate(token).orElseThrow(() -> BearerTokenProblem.invalidToken(
                "The bearer token is unknown, expired or revoked. Ask an admin for a new token."));
    }
}
