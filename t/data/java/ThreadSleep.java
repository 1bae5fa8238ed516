public class ThreadSleep { public static void main(String[] a) throws Exception {
  Thread t = new Thread(() -> { try { Thread.sleep(6000); } catch (InterruptedException e) {} }, "sleeper");
  t.start(); t.join(); } }
