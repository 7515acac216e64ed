package cn.wenxin.infra.shared;

/** Every key this service writes to Redis starts with its namespace, so deployments (and test runs) can share one. */
record RedisKeys(String namespace) {

  String of(String key) {
    return namespace + ":" + key;
  }
}
