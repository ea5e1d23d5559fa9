package io.github.mgs4j.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ZigguratInliningTest {

  @Test
  void theDirectiveIsInForceOnceOnHotSpot() throws Exception {
    boolean first = ZigguratInlining.apply();
    assertEquals(first, ZigguratInlining.apply(), "apply() is idempotent");
    ObjectName diagnostics = new ObjectName("com.sun.management:type=DiagnosticCommand");
    if (ManagementFactory.getPlatformMBeanServer().isRegistered(diagnostics)) {
      assertTrue(first, "a JVM with the DiagnosticCommand MBean (HotSpot) accepts the directive");
      Object printed =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  diagnostics,
                  "compilerDirectivesPrint",
                  new Object[] {new String[0]},
                  new String[] {String[].class.getName()});
      assertTrue(printed.toString().contains("ZigguratSampler$NormalizedGaussian.edgeSample"), printed.toString());
    }
  }
}
