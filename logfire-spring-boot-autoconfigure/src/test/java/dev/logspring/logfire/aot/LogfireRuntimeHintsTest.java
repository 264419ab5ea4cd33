package dev.logspring.logfire.aot;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.logspring.logfire.api.ExplorerAlertSource;
import dev.logspring.logfire.api.Traced;
import dev.logspring.logfire.explorer.ExplorerStore;
import dev.logspring.logfire.explorer.QueryResult;
import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints a native image of an application using the starter gets: the resources read by
 * name, the classes probed by name, the explorer's JSON types, and the types a {@code @Traced}
 * method records as JSON.
 */
class LogfireRuntimeHintsTest {

	private final RuntimeHints hints = new RuntimeHints();

	@Test
	void aotFactoriesRegisterTheStartersHints() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anySatisfy((registrar) -> assertThat(registrar).isInstanceOf(LogfireRuntimeHints.class));
	}

	@Test
	void dashboardAndPriceTableAreIncluded() {
		new LogfireRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/logspring/logfire/explorer/dashboard.html"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/logspring/logfire/llm/llm-prices.properties"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.resource().forResource("dev/logspring/logfire/explorer/other.html"))
			.rejects(this.hints);
	}

	@Test
	void classesProbedByNameCanBeFound() {
		new LogfireRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		for (String type : List.of("org.duckdb.DuckDBConnection", "reactor.core.publisher.Mono",
				"io.opentelemetry.sdk.common.export.HttpSenderProvider")) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type))).accepts(this.hints);
		}
	}

	@Test
	void theExplorersResponsesCanBeWrittenAsJson() {
		new LogfireRuntimeHints().registerHints(this.hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(QueryResult.class, "rows"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ExplorerStore.Stats.class, "storedSpans"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ExplorerAlertSource.AlertState.class, "since"))
			.accepts(this.hints);
	}

	@Test
	void recordedArgumentsAndReturnValuesOfTracedMethodsCanBeWrittenAsJson() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("orderService", new RootBeanDefinition(OrderService.class));
		beanFactory.registerBeanDefinition("auditedService", new RootBeanDefinition(AuditedService.class));
		beanFactory.registerBeanDefinition("untraced", new RootBeanDefinition(Invoice.class));
		DefaultGenerationContext generation = new DefaultGenerationContext(new ClassNameGenerator(ClassName.OBJECT),
				new InMemoryGeneratedFiles(), this.hints);
		// What Spring's AOT processing does for each bean, with the processor our aot.factories names.
		List<BeanRegistrationAotProcessor> ours = AotServices.factories()
			.load(BeanRegistrationAotProcessor.class)
			.stream()
			.filter((processor) -> processor.getClass().getName().startsWith("dev.logspring.logfire."))
			.toList();
		assertThat(ours).hasSize(1);
		List<BeanRegistrationAotContribution> contributions = new ArrayList<>();
		for (BeanRegistrationAotProcessor processor : ours) {
			for (String name : beanFactory.getBeanDefinitionNames()) {
				BeanRegistrationAotContribution contribution = processor
					.processAheadOfTime(RegisteredBean.of(beanFactory, name));
				if (contribution != null) {
					contributions.add(contribution);
				}
			}
		}
		assertThat(contributions).as("one contribution per traced bean, none for the others").hasSize(2);
		contributions.forEach((contribution) -> contribution.applyTo(generation, null));
		// Parameter names fill the message template.
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(OrderService.class, "place"))
			.accepts(this.hints);
		// Nested types and the type inside the future are written too.
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "customer")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Customer.class, "name")).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Receipt.class, "number"))
			.accepts(this.hints);
		// Not recorded: no hints for what is never written.
		assertThat(RuntimeHintsPredicates.reflection().onType(Secret.class)).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Invoice.class)).rejects(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Attachment.class)).rejects(this.hints);
		// @Traced on a class covers each public method.
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Audit.class, "action")).accepts(this.hints);
	}

	record Customer(String name, String email) {
	}

	record Order(String id, Customer customer) {
	}

	record Receipt(long number) {
	}

	record Secret(String value) {
	}

	record Invoice(String id) {
	}

	record Audit(String action) {
	}

	record Attachment(byte[] bytes) {
	}

	static class OrderService {

		@Traced(value = "placing {order}", recordReturn = true)
		CompletableFuture<Receipt> place(Order order) {
			return CompletableFuture.completedFuture(new Receipt(1));
		}

		@Traced(recordArguments = false)
		Invoice rotate(Secret secret) {
			return new Invoice("x");
		}

		@Traced(exclude = "attachment")
		void attach(Order order, Attachment attachment) {
		}

	}

	@Traced
	public static class AuditedService {

		public void record(Audit audit) {
		}

	}

}
