package io.dockyard;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows the missing production settings as Boot's startup failure report, without a stack trace.
 */
public class MissingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<RequiredSettings.MissingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RequiredSettings.MissingSettingsException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set the settings listed above (environment variables or application properties) and start again.",
                cause);
    }
}
