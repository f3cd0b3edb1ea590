package dev.rexd.transport.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips inherited contract tests that a transport cannot carry. The suite's test methods are
 * package-private in another package, so they cannot be overridden; this condition names them.
 *
 * {@code
 * @PostLimits.SkipOverPost({"execStreamsOrderedOutputAfterItsResponseAndExitsLastOnce"})
 * class HttpPostContractTest extends ServerContractSuite { ... }
 * }
 */
final class PostLimits implements ExecutionCondition {

  /** The names of inherited test methods that need events, which plain POST does not carry. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @ExtendWith(PostLimits.class)
  @interface SkipOverPost {
    String[] value();
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    SkipOverPost skip = context.getTestClass().map(c -> c.getAnnotation(SkipOverPost.class)).orElse(null);
    String method = context.getTestMethod().map(java.lang.reflect.Method::getName).orElse(null);
    if (skip != null && method != null && Arrays.asList(skip.value()).contains(method)) {
      return ConditionEvaluationResult.disabled(method + " does not apply over POST /rpc");
    }
    return ConditionEvaluationResult.enabled("applies over POST /rpc");
  }
}
