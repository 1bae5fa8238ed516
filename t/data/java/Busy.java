public class Busy { static volatile long sink;
  public static void main(String[] a) throws Exception {
  Thread[] ts = new Thread[3];
  long end = System.currentTimeMillis() + 6000;
  for (int i = 0; i < 3; i++) { ts[i] = new Thread(() -> { long x = 0; while (System.currentTimeMillis() < end) { for (int k = 0; k < 100000; k++) x += k * 31; sink = x; } }, "busy" + i); ts[i].start(); }
  for (Thread t : ts) t.join(); } }
