package io.careloop.local.runtime;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as the local runtime reads it: the functions with their handlers, environment and events,
 * the queues and the table. The local stack is built from this, so what runs locally is what deploys.
 */
public final class StackTemplate {
    /** A function's trigger. */
    public sealed interface Trigger permits HttpRoute, SqsTrigger, ScheduleTrigger {
    }

    /** {@code method path}, e.g. {@code POST /cases/{id}/{action}}; {@code authorized} when the JWT authorizer guards it. */
    public record HttpRoute(String method, String path, boolean authorized) implements Trigger {
    }

    public record SqsTrigger(String queue, int batchSize, boolean reportsBatchItemFailures) implements Trigger {
    }

    public record ScheduleTrigger(String name, String expression, String input) implements Trigger {
    }

    /** @param environment unresolved values: literal strings or intrinsic-function maps ({"Ref": ...}) */
    public record Function(String logicalId, String handlerClass, int timeoutSeconds,
                           Map<String, Object> environment, List<Trigger> triggers) {
    }

    public record Queue(String logicalId, String name, boolean fifo, int visibilityTimeout,
                        String deadLetterQueue, int maxReceiveCount) {
    }

    private final Map<String, Object> root;
    private final String stackName;

    private StackTemplate(Map<String, Object> root, String stackName) {
        this.root = root;
        this.stackName = stackName;
    }

    public static StackTemplate load(Path file, String stackName) {
        LoaderOptions options = new LoaderOptions();
        Yaml yaml = new Yaml(new CloudFormationConstructor(options));
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = yaml.load(reader);
            return new StackTemplate(root, stackName);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public String stackName() {
        return stackName;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        resources().forEach((id, r) -> {
            if (type.equals(map(r).get("Type"))) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** For a {@code !Ref} to a template parameter with a non-empty {@code Default}: that default. */
    public Optional<String> parameterDefault(Object value) {
        Object ref = map(value).get("Ref");
        if (ref == null) {
            return Optional.empty();
        }
        Object fallback = map(map(root.get("Parameters")).get(ref.toString())).get("Default");
        return fallback == null || fallback.toString().isEmpty() ? Optional.empty() : Optional.of(fallback.toString());
    }

    public Map<String, Object> properties(String logicalId) {
        return map(map(resources().get(logicalId)).get("Properties"));
    }

    public List<Function> functions() {
        Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
        int defaultTimeout = globals.get("Timeout") instanceof Number n ? n.intValue() : 3;
        List<Function> functions = new ArrayList<>();
        for (String id : resourcesOfType("AWS::Serverless::Function")) {
            Map<String, Object> p = properties(id);
            String handler = String.valueOf(p.get("Handler"));
            String handlerClass = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            Map<String, Object> env = new LinkedHashMap<>(map(map(globals.get("Environment")).get("Variables")));
            env.putAll(map(map(p.get("Environment")).get("Variables")));
            int timeout = p.get("Timeout") instanceof Number n ? n.intValue() : defaultTimeout;
            List<Trigger> triggers = new ArrayList<>();
            map(p.get("Events")).forEach((name, e) -> triggers.add(trigger(name, map(e))));
            functions.add(new Function(id, handlerClass, timeout, env, triggers));
        }
        return functions;
    }

    private Trigger trigger(String name, Map<String, Object> event) {
        Map<String, Object> p = map(event.get("Properties"));
        String type = String.valueOf(event.get("Type"));
        return switch (type) {
            case "HttpApi" -> {
                Object auth = map(p.get("Auth")).get("Authorizer");
                yield new HttpRoute(String.valueOf(p.get("Method")).toUpperCase(), String.valueOf(p.get("Path")),
                        !"NONE".equals(auth));
            }
            case "SQS" -> new SqsTrigger(getAttTarget(p.get("Queue")),
                    p.get("BatchSize") instanceof Number n ? n.intValue() : 10,
                    list(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"));
            case "ScheduleV2", "Schedule" -> new ScheduleTrigger(name, String.valueOf(p.get("ScheduleExpression")),
                    p.get("Input") == null ? "{}" : String.valueOf(p.get("Input")));
            default -> throw new IllegalStateException("The local runtime does not support event type " + type
                    + " (" + name + ")");
        };
    }

    public List<Queue> queues() {
        List<Queue> queues = new ArrayList<>();
        for (String id : resourcesOfType("AWS::SQS::Queue")) {
            Map<String, Object> p = properties(id);
            Map<String, Object> redrive = map(p.get("RedrivePolicy"));
            queues.add(new Queue(id, resolveText(p.get("QueueName"), id),
                    Boolean.TRUE.equals(p.get("FifoQueue")),
                    p.get("VisibilityTimeout") instanceof Number n ? n.intValue() : 30,
                    redrive.isEmpty() ? null : getAttTarget(redrive.get("deadLetterTargetArn")),
                    redrive.get("maxReceiveCount") instanceof Number n ? n.intValue() : 0));
        }
        return queues;
    }

    /** The table's physical name locally: the stack name plus the logical id. */
    public String tableName(String logicalId) {
        return stackName + "-" + logicalId;
    }

    /** Resolves {@code !Sub} strings that only use pseudo parameters; plain strings pass through. */
    String resolveText(Object value, String fallback) {
        if (value == null) {
            return stackName + "-" + fallback;
        }
        if (value instanceof String s) {
            return s;
        }
        Object sub = map(value).get("Fn::Sub");
        if (sub instanceof String template) {
            return template.replace("${AWS::StackName}", stackName).replace("${AWS::Region}", "us-east-1")
                    .replace("${AWS::AccountId}", "000000000000");
        }
        throw new IllegalStateException("The local runtime cannot resolve " + value);
    }

    /** {@code !GetAtt Queue.Arn} → {@code Queue}. */
    static String getAttTarget(Object value) {
        Object att = map(value).get("Fn::GetAtt");
        if (att instanceof String s) {
            return s.substring(0, s.indexOf('.'));
        }
        if (att instanceof List<?> l && !l.isEmpty()) {
            return String.valueOf(l.get(0));
        }
        throw new IllegalStateException("Expected !GetAtt Resource.Arn, got " + value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    /** Reads CloudFormation's short-form tags as their long forms: {@code !Ref X} → {"Ref": "X"}. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String fn : List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join",
                    "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString")) {
                this.yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
            this.yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            this.yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                } else if (node instanceof SequenceNode seq) {
                    value = constructSequence(seq);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(key, value);
            }
        }
    }
}
