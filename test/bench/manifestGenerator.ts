/**
 * Deterministic generator of a realistic multi-document Kubernetes manifest (the kind a Helm
 * render or a platform repo produces): Deployments, StatefulSets, CronJobs, Services, Ingresses,
 * ConfigMaps, ServiceAccounts and RBAC, with a sprinkling of the problems the rules look for.
 */

import { mulberry32 } from '../helpers/random';

export { mulberry32 };

function container(name: string, image: string, k: number, random: () => number): string[] {
  const hardened = k % 4 !== 0;
  const lines = [
    `      - name: ${name}`,
    `        image: ${image}`,
    '        imagePullPolicy: IfNotPresent',
    '        ports:',
    `        - containerPort: ${8000 + (k % 50)}`,
    '          name: http',
    '        env:',
    '        - name: LOG_LEVEL',
    '          value: info',
    `        - name: SERVICE_NAME`,
    `          value: svc-${k}`,
    '        - name: DB_PASSWORD',
    '          valueFrom:',
    '            secretKeyRef:',
    `              name: db-${k}`,
    '              key: password',
  ];
  if (k % 7 === 3) lines.push('        - name: API_TOKEN', `          value: "${Math.floor(random() * 1e16).toString(36)}Xy9${k}Qz"`);
  if (k % 3 !== 2) {
    lines.push(
      '        resources:',
      '          requests:',
      `            cpu: ${50 + (k % 5) * 50}m`,
      `            memory: ${128 + (k % 4) * 64}Mi`,
      '          limits:',
      `            memory: ${256 + (k % 4) * 64}Mi`,
    );
  }
  lines.push(
    '        livenessProbe:',
    '          httpGet:',
    '            path: /healthz',
    '            port: http',
    '          periodSeconds: 10',
    '        readinessProbe:',
    '          httpGet:',
    '            path: /ready',
    '            port: http',
  );
  if (hardened) {
    lines.push(
      '        securityContext:',
      '          allowPrivilegeEscalation: false',
      '          readOnlyRootFilesystem: true',
      '          runAsNonRoot: true',
      '          capabilities:',
      '            drop: [ALL]',
    );
  } else if (k % 8 === 0) {
    lines.push('        securityContext:', '          privileged: true');
  }
  lines.push('        volumeMounts:', '        - name: config', '          mountPath: /etc/app', '          readOnly: true');
  return lines;
}

export function generateManifest(targetLines: number, seed = 7): string {
  const random = mulberry32(seed);
  const documents: string[] = [];
  let lines = 0;
  for (let k = 0; lines < targetLines; k++) {
    const name = `svc-${k}`;
    const image = k % 6 === 5 ? `registry.example.com/platform/${name}:latest` : `registry.example.com/platform/${name}:1.${k % 30}.${k % 7}`;
    const kind = k % 9 === 4 ? 'StatefulSet' : 'Deployment';
    const podSecurity = k % 4 === 0 ? [] : ['      securityContext:', '        runAsUser: 10001', '        seccompProfile:', '          type: RuntimeDefault'];
    const workload = [
      '# Source: platform/templates/workload.yaml',
      'apiVersion: apps/v1',
      `kind: ${kind}`,
      'metadata:',
      `  name: ${name}`,
      `  namespace: team-${k % 5}`,
      '  labels:',
      `    app.kubernetes.io/name: ${name}`,
      '    app.kubernetes.io/part-of: platform',
      'spec:',
      `  replicas: ${2 + (k % 3)}`,
      ...(kind === 'StatefulSet' ? [`  serviceName: ${name}`] : []),
      '  selector:',
      '    matchLabels:',
      `      app.kubernetes.io/name: ${name}`,
      '  template:',
      '    metadata:',
      '      labels:',
      `        app.kubernetes.io/name: ${name}`,
      '    spec:',
      `      serviceAccountName: ${name}`,
      ...(k % 10 === 6 ? ['      hostNetwork: true'] : []),
      ...podSecurity,
      '      containers:',
      ...container('app', image, k, random),
      ...(k % 5 === 1 ? container('sidecar', 'registry.example.com/platform/envoy:1.29.1', k + 1, random) : []),
      '      volumes:',
      '      - name: config',
      '        configMap:',
      `          name: ${name}-config`,
      ...(k % 11 === 7 ? ['      - name: docker', '        hostPath:', '          path: /var/run/docker.sock'] : []),
    ];
    const service = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: ${name}`,
      `  namespace: team-${k % 5}`,
      'spec:',
      `  type: ${k % 13 === 2 ? 'NodePort' : 'ClusterIP'}`,
      '  selector:',
      `    app.kubernetes.io/name: ${name}`,
      '  ports:',
      '  - port: 80',
      '    targetPort: http',
    ];
    const config = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}-config`, `  namespace: team-${k % 5}`, 'data:', '  app.yaml: |', '    server:', `      port: ${8000 + (k % 50)}`, '    features: [a, b]'];
    const account = ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: team-${k % 5}`, 'automountServiceAccountToken: false'];
    const rbac =
      k % 6 === 0
        ? [
            'apiVersion: rbac.authorization.k8s.io/v1',
            'kind: Role',
            'metadata:',
            `  name: ${name}-reader`,
            `  namespace: team-${k % 5}`,
            'rules:',
            '- apiGroups: [""]',
            `  resources: [configmaps, ${k % 12 === 0 ? 'secrets' : 'pods'}]`,
            '  verbs: [get, list, watch]',
          ]
        : [];
    const cron =
      k % 8 === 2
        ? [
            'apiVersion: batch/v1',
            'kind: CronJob',
            'metadata:',
            `  name: ${name}-nightly`,
            `  namespace: team-${k % 5}`,
            'spec:',
            '  schedule: "0 3 * * *"',
            '  jobTemplate:',
            '    spec:',
            '      template:',
            '        spec:',
            '          restartPolicy: OnFailure',
            '          containers:',
            '          - name: job',
            `            image: registry.example.com/platform/${name}-job:2.${k % 9}`,
            '            args: ["--once"]',
          ]
        : [];
    for (const doc of [workload, service, config, account, rbac, cron]) {
      if (doc.length === 0) continue;
      documents.push(doc.join('\n'));
      lines += doc.length + 1;
    }
  }
  return `${documents.join('\n---\n')}\n`;
}
