package dev.rexd.transport.http;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rexd.transport.http.client.HttpRpcTransport;
import dev.rexd.transport.http.client.WebSocketTransport;
import java.net.URI;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each client transport's builder takes the URIs of its own protocol only. */
class TransportBuildersTest {
  @ParameterizedTest
  @CsvSource({"http, https, ws", "ws, wss, https"})
  void aBuilderTakesItsTwoSchemesAndRefusesAnother(String plain, String secure, String other) {
    Function<URI, ?> builder = plain.equals("http") ? HttpRpcTransport::builder : WebSocketTransport::builder;
    assertThatCode(() -> builder.apply(URI.create(plain + "://127.0.0.1:1/x"))).doesNotThrowAnyException();
    assertThatCode(() -> builder.apply(URI.create(secure + "://build-7:8443/x"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> builder.apply(URI.create(other + "://127.0.0.1:1/x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a URI of scheme " + plain + " or " + secure + ": " + other + "://127.0.0.1:1/x");
  }
}
