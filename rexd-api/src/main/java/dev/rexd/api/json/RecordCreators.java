package dev.rexd.api.json;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.SettableBeanProperty;
import tools.jackson.databind.deser.ValueInstantiator;
import tools.jackson.databind.deser.ValueInstantiators;
import tools.jackson.databind.deser.bean.PropertyValueBuffer;

/**
 * Builds public records through their canonical constructor as one spreading method handle called
 * with {@code invokeExact}, instead of Jackson's {@code invokeWithArguments} per value, which
 * adapts the handle anew on every call and costs a small request's params about as much as the
 * rest of their decoding when the code is not compiled by C2. A constructor that throws is called
 * once more the standard way, so the error reaches the caller exactly as Jackson reports it.
 */
final class RecordCreators extends JacksonModule {

  @Override
  public String getModuleName() {
    return "rexd-record-creators";
  }

  @Override
  public Version version() {
    return Version.unknownVersion();
  }

  @Override
  public void setupModule(SetupContext context) {
    context.addValueInstantiators(new ValueInstantiators.Base() {
      @Override
      public ValueInstantiator modifyValueInstantiator(DeserializationConfig config, BeanDescription.Supplier bean,
          ValueInstantiator standard) {
        MethodHandle spreader = spreader(standard);
        return spreader == null ? standard : new Spreading(standard, spreader);
      }
    });
  }

  /** {@code (Object[]) -> Object} calling the record's canonical constructor, or null. */
  private static @Nullable MethodHandle spreader(ValueInstantiator standard) {
    if (!standard.canCreateFromObjectWith() || standard.getWithArgsCreator() == null
        || !(standard.getWithArgsCreator().getAnnotated() instanceof Constructor<?> ctor)
        || !ctor.getDeclaringClass().isRecord()) {
      return null;
    }
    try {
      return MethodHandles.publicLookup().unreflectConstructor(ctor)
          .asSpreader(Object[].class, ctor.getParameterCount())
          .asType(MethodType.methodType(Object.class, Object[].class));
    } catch (IllegalAccessException e) {
      return null; // not public: Jackson's own way
    }
  }

  private static final class Spreading extends ValueInstantiator.Delegating {
    private static final long serialVersionUID = 1L;
    private final transient MethodHandle spreader;

    Spreading(ValueInstantiator standard, MethodHandle spreader) {
      super(standard);
      this.spreader = spreader;
    }

    @Override
    public ValueInstantiator createContextual(DeserializationContext ctxt, BeanDescription.Supplier bean) {
      ValueInstantiator contextual = delegate().createContextual(ctxt, bean);
      return contextual == delegate() ? this : new Spreading(contextual, spreader);
    }

    @Override
    public Object createFromObjectWith(DeserializationContext ctxt, SettableBeanProperty[] props,
        PropertyValueBuffer buffer) throws JacksonException {
      return createFromObjectWith(ctxt, buffer.getParameters(ctxt, props));
    }

    @Override
    public Object createFromObjectWith(DeserializationContext ctxt, Object[] args) throws JacksonException {
      try {
        return (Object) spreader.invokeExact(args);
      } catch (Throwable e) {
        return delegate().createFromObjectWith(ctxt, args);
      }
    }
  }
}
