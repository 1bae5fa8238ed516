public class Deadlock {
    static final Object a = new Object(), b = new Object();
    public static void main(String[] args) throws Exception {
        Thread t1 = new Thread(() -> { synchronized (a) { sleep(200); synchronized (b) { } } }, "one");
        Thread t2 = new Thread(() -> { synchronized (b) { sleep(200); synchronized (a) { } } }, "two");
        t1.start(); t2.start(); t1.join(); t2.join();
    }
    static void sleep(long ms) { try { Thread.sleep(ms); } catch (InterruptedException e) { } }
}
