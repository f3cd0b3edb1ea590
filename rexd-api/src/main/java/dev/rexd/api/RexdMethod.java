package dev.rexd.api;

/**
 * A typed method descriptor: the wire name with its params and result types, so JSON is decoded
 * in one place on both sides.
 *
 * <pre>{@code
 * RexdMethod<FsStatParams, FsStatResult> m = RexdMethods.FS_STAT;
 * FsStatParams p = mapper.treeToValue(params, m.paramsType());
 * }</pre>
 *
 * @param <P> the params record
 * @param <R> the result record
 */
public record RexdMethod<P, R>(String name, Class<P> paramsType, Class<R> resultType) {
  public RexdMethod {
    Require.present(name, "name");
    Require.present(paramsType, "paramsType");
    Require.present(resultType, "resultType");
  }
}
