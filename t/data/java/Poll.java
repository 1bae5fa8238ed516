public class Poll { static volatile long sink; static volatile boolean done;
  public static void main(String[] a) throws Exception {
  long end = System.currentTimeMillis() + 6000;
  for (int i = 0; i < 2; i++) { new Thread(() -> { long x = 0; while (!done) { for (int k = 0; k < 100000; k++) x += k * 31; sink = x; } }, "work" + i).start(); }
  while (System.currentTimeMillis() < end) Thread.sleep(20);
  done = true; } }
