package dev.keyward.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A resource named as on the kubectl command line: {@code token/ci-deploy}, {@code app/etl}. */
record ResourceRef(KeywardKind kind, String name) {

  static ResourceRef parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not KIND/NAME, for example token/ci-deploy or app/etl");
    }
    return new ResourceRef(KeywardKind.parse(text.substring(0, slash)), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return kind.kind() + " " + name;
  }

  /** Lets picocli turn the argument into a reference, with its message as the usage error. */
  static final class Converter implements ITypeConverter<ResourceRef> {
    @Override
    public ResourceRef convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
