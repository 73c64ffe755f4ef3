output "cluster_name" {
  description = "EKS cluster name: aws eks update-kubeconfig --name <this> --region <region>."
  value       = module.eks.cluster_name
}

output "cluster_endpoint" {
  description = "EKS API server endpoint."
  value       = module.eks.cluster_endpoint
}

output "oidc_provider_arn" {
  description = "OIDC provider of the cluster, for further IRSA roles."
  value       = module.eks.oidc_provider_arn
}

output "vpc_id" {
  description = "VPC of the cluster and the database."
  value       = module.vpc.vpc_id
}

output "db_address" {
  description = "RDS PostgreSQL host name."
  value       = module.db.db_instance_address
}

output "db_master_secret_arn" {
  description = "Secrets Manager secret (managed by RDS) with the master credentials, for the one-off role setup."
  value       = module.db.db_instance_master_user_secret_arn
}

output "db_app_secret_names" {
  description = "Secrets Manager secrets read by External Secrets (deploy/overlays/prod/externalsecrets.yaml)."
  value       = { for k, s in aws_secretsmanager_secret.db_app : k => s.name }
}

output "ecr_repository_urls" {
  description = "Push the root Dockerfile's images here (targets runtime and web)."
  value       = { for k, r in aws_ecr_repository.images : k => r.repository_url }
}

output "observability_bucket" {
  description = "S3 bucket for Loki and Tempo."
  value       = aws_s3_bucket.observability.id
}

output "irsa_role_arns" {
  description = "Role ARNs to annotate on the add-ons' service accounts (eks.amazonaws.com/role-arn)."
  value = {
    "kube-system/ebs-csi-controller-sa"        = module.ebs_csi_irsa.iam_role_arn
    "kube-system/aws-load-balancer-controller" = module.load_balancer_controller_irsa.iam_role_arn
    "kube-system/cluster-autoscaler"           = module.cluster_autoscaler_irsa.iam_role_arn
    "external-secrets/external-secrets"        = module.external_secrets_irsa.iam_role_arn
    "observability/loki"                       = module.observability_irsa.iam_role_arn
    "observability/tempo"                      = module.observability_irsa.iam_role_arn
  }
}

output "dashboard_cloudfront_domain" {
  description = "CloudFront domain of the dashboard (point dashboard_domain's DNS record at it); null until dashboard_origin_domain is set."
  value       = one(aws_cloudfront_distribution.dashboard[*].domain_name)
}

output "dashboard_waf_acl_arn" {
  description = "WAFv2 web ACL protecting the dashboard's CloudFront distribution."
  value       = one(aws_wafv2_web_acl.dashboard[*].arn)
}

output "oidc_issuer" {
  description = "OIDC_ISSUER of the APIs (chart value oidc.issuer): the Cognito user pool's issuer URL."
  value       = "https://${aws_cognito_user_pool.conveyor.endpoint}"
}

output "oidc_audience" {
  description = "OIDC_AUDIENCE of the APIs (chart value oidc.audience): the dashboard app client id (Cognito access tokens carry client_id, no aud)."
  value       = aws_cognito_user_pool_client.dashboard.id
}

output "oidc_hosted_ui_domain" {
  description = "Cognito hosted UI domain the dashboard signs in at."
  value       = "https://${aws_cognito_user_pool_domain.conveyor.domain}.auth.${var.region}.amazoncognito.com"
}

output "payload_keys_secret_name" {
  description = "Secrets Manager secret with the payload key ring (External Secrets renders the Secret conveyor-payload-keys from it)."
  value       = aws_secretsmanager_secret.payload_keys.name
}
