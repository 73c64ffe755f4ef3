variable "environment" {
  description = "Environment name, used in resource names and secret paths (conveyor/<environment>/...)."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.environment))
    error_message = "environment must be 2-16 lowercase letters, digits or dashes, starting with a letter."
  }
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into public, private and database subnets over three zones."
  type        = string
  default     = "10.40.0.0/16"
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all zones (cheaper, not zone-redundant). Use false in production."
  type        = bool
  default     = false
}

variable "kubernetes_version" {
  description = "EKS control plane version."
  type        = string
  default     = "1.33"
}

variable "cluster_endpoint_public_access_cidrs" {
  description = "CIDRs allowed to reach the public EKS API endpoint. Empty list: private endpoint only."
  type        = list(string)
  default     = []
}

variable "general_node_group" {
  description = "Managed node group for the Conveyor services and cluster add-ons."
  type = object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
  })
  default = {
    instance_types = ["m6i.xlarge", "m6a.xlarge"]
    min_size       = 3
    max_size       = 12
    desired_size   = 3
  }
}

variable "kafka_node_group" {
  description = "Managed node group for the Strimzi Kafka brokers and controllers (label workload=kafka)."
  type = object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
  })
  default = {
    instance_types = ["r6i.xlarge"]
    min_size       = 3
    max_size       = 6
    desired_size   = 3
  }
}

variable "db_instance_class" {
  description = "RDS instance class of the PostgreSQL database."
  type        = string
  default     = "db.m6g.large"
}

variable "db_allocated_storage_gb" {
  description = "Initial RDS storage in GiB; storage autoscaling grows it up to db_max_allocated_storage_gb."
  type        = number
  default     = 50
}

variable "db_max_allocated_storage_gb" {
  description = "Upper bound of RDS storage autoscaling in GiB."
  type        = number
  default     = 500
}

variable "db_multi_az" {
  description = "Run a synchronous standby in another zone."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups (point-in-time recovery window)."
  type        = number
  default     = 14
}

variable "deletion_protection" {
  description = "Protect the database (and the observability bucket contents) from deletion."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

variable "dashboard_origin_domain" {
  description = "DNS name of the ALB of the `conveyor` Ingress (created by the AWS Load Balancer Controller); empty: no CloudFront or WAF yet."
  type        = string
  default     = ""
}

variable "dashboard_domain" {
  description = "Public host name of the dashboard served by CloudFront (the Ingress host); required with dashboard_origin_domain."
  type        = string
  default     = ""
}

variable "dashboard_certificate_arn" {
  description = "ACM certificate in us-east-1 for dashboard_domain; required with dashboard_origin_domain."
  type        = string
  default     = ""

  validation {
    condition     = var.dashboard_certificate_arn == "" || can(regex("^arn:aws:acm:us-east-1:", var.dashboard_certificate_arn))
    error_message = "CloudFront needs an ACM certificate from us-east-1."
  }
}

variable "waf_rate_limit_per_5min" {
  description = "Requests per 5 minutes from one IP address before the WAF blocks it."
  type        = number
  default     = 2000
}

variable "dashboard_origin" {
  description = "Origin of the dashboard (https://host, no path): the Cognito app client's callback and logout URLs, and the APIs' CORS_ORIGINS."
  type        = string
  default     = "https://conveyor.example.com"
}
