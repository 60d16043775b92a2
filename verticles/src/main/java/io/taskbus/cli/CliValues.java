package io.taskbus.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;

/** Command-line arguments as values: JSON where they parse ({@code 1}, {@code "a"}), else text. */
public final class CliValues {

  private CliValues() {
  }

  public static Object parse(String arg) {
    try {
      return Json.decodeValue(arg);
    } catch (DecodeException e) {
      return arg;
    }
  }

  public static List<Object> parseAll(List<String> args) {
    List<Object> values = new ArrayList<>(args.size());
    for (String arg : args) {
      values.add(parse(arg));
    }
    return values;
  }

  /**
   * Reads starmap input: a JSON array of argument arrays.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static List<List<?>> argLists(String json) {
    Object value = parse(json);
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("starmap takes a JSON array of argument arrays, like"
          + " '[[1,4],[2,5]]'");
    }
    List<List<?>> lists = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonArray args)) {
        throw new IllegalArgumentException("starmap element " + i + " is not an array: "
            + array.getValue(i));
      }
      lists.add(args.getList());
    }
    return lists;
  }
}
